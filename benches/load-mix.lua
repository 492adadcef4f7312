-- The user mix of benches/load-national.sh, for wrk (one wrk process per instance):
--   80 % page reads (meeting pages, action lists, meetings lists, action pages),
--   15 % progress reports with a small evidence file (the action page's own multipart form,
--        signed in as the provincial office, with its CSRF token),
--    5 % directive publishes (POST /api/v1/directives/{id}/publish with an inspector's token),
-- each publish taking the next of this instance's own draft directives.
-- A user waits between two requests (think time, uniform between THINK_MIN and THINK_MAX ms;
-- 0 0 for none: every connection then sends its next request at once, a saturation test, not
-- users). wrk's latency figures leave the wait out.
-- Arguments (after --): the folder with reads.txt, actions.txt, drafts-N.txt, session, csrf,
-- token; N, this instance's number; THINK_MIN and THINK_MAX.
local reads, actions, drafts = {}, {}, {}
local session, csrf, token
local next_draft, seed = 1, 0
local think_min, think_max = 0, 0
local counts = { read = 0, update = 0, publish = 0 }
local B = "prachumloadboundary7d3a"

local function lines(path)
  local t = {}
  for l in io.lines(path) do
    if l ~= "" then t[#t + 1] = l end
  end
  return t
end

function init(args)
  local dir, n = args[1], args[2]
  reads = lines(dir .. "/reads.txt")
  actions = lines(dir .. "/actions.txt")
  drafts = lines(dir .. "/drafts-" .. n .. ".txt")
  session = lines(dir .. "/session")[1]
  csrf = lines(dir .. "/csrf")[1]
  token = lines(dir .. "/token")[1]
  think_min, think_max = tonumber(args[3] or "0"), tonumber(args[4] or "0")
  math.randomseed(tonumber(n) * 7919 + os.time())
end

local function multipart(progress, i)
  local parts = {
    "--" .. B, 'Content-Disposition: form-data; name="_csrf"', "", csrf,
    "--" .. B, 'Content-Disposition: form-data; name="progress"', "", tostring(progress),
    "--" .. B, 'Content-Disposition: form-data; name="metric_value"', "", "",
    "--" .. B, 'Content-Disposition: form-data; name="text_md"', "",
    "รายงานความก้าวหน้าจากการทดสอบภาระงาน ครั้งที่ " .. i,
    "--" .. B, 'Content-Disposition: form-data; name="files"; filename="evidence-' .. i .. '.pdf"',
    "Content-Type: application/pdf", "",
    "%PDF-1.4\n% load test evidence " .. i .. "\n" .. string.rep("0123456789abcdef", 64) .. "\n%%EOF",
    "--" .. B .. "--", "",
  }
  return table.concat(parts, "\r\n")
end

function request()
  seed = seed + 1
  local r = math.random(100)
  if r <= 80 then
    counts.read = counts.read + 1
    return wrk.format("GET", reads[math.random(#reads)], { ["Cookie"] = "prachum_session=" .. session })
  elseif r <= 95 or next_draft > #drafts then
    counts.update = counts.update + 1
    local id = actions[math.random(#actions)]
    return wrk.format("POST", "/actions/" .. id .. "/updates", {
      ["Cookie"] = "prachum_session=" .. session,
      ["Content-Type"] = "multipart/form-data; boundary=" .. B,
    }, multipart(math.random(1, 99), seed))
  else
    counts.publish = counts.publish + 1
    local id = drafts[next_draft]
    next_draft = next_draft + 1
    return wrk.format("POST", "/api/v1/directives/" .. id .. "/publish", {
      ["Authorization"] = "Bearer " .. token,
    })
  end
end

function delay()
  if think_max <= 0 then return 0 end
  return math.random(think_min, think_max)
end

local bad = {}
function response(status, headers, body)
  if status >= 400 then
    bad[status] = (bad[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local s = summary
  io.write(string.format(
    "requests %d in %.1f s: %.1f req/s; errors: connect %d read %d write %d timeout %d status %d\n",
    s.requests, s.duration / 1e6, s.requests / (s.duration / 1e6), s.errors.connect, s.errors.read,
    s.errors.write, s.errors.timeout, s.errors.status))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
