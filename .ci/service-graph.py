#!/usr/bin/env python3
"""The service modules' import graph (src/services): prints it and fails when two services import
each other or any cycle exists (issue 13: the services form a directed graph). `-v` lists the
edges; `--dot` prints Graphviz. Run from the repository root (`.ci/run` does)."""
import re,os,glob,sys
mods={}
for p in glob.glob('src/services/**/*.rs',recursive=True):
    rel=os.path.relpath(p,'src/services'); parts=rel.split('/')
    name=parts[0].replace('.rs','')
    if name=='mod': continue
    nested=len(parts)>1 and parts[-1]!='mod.rs'
    s=open(p).read()
    s=re.sub(r'//[^\n]*','',s)
    deps=set()
    pre=[r'crate::services::']+([r'super::super::'] if nested else [r'super::'])
    for pf in pre:
        for m in re.finditer(pf+r'(\w+)',s): deps.add(m.group(1))
        for m in re.finditer(pf+r'\{([^}]*)\}',s):
            for d in re.findall(r'(?:^|[,{\s])(\w+)',m.group(1)): deps.add(d)
    mods.setdefault(name,set()).update(deps)
names=set(mods)
g={k:sorted({d for d in v if d in names and d!=k}) for k,v in mods.items()}
pairs=sorted({tuple(sorted((a,b))) for a in g for b in g[a] if a in g.get(b,())})
print('mutual pairs:',pairs)
idx={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in g[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        sccs.append(comp)
for v in sorted(g):
    if v not in idx: sc(v)
cycles=[s for s in sccs if len(s)>1]
print('cycles:',cycles)
if '-v' in sys.argv:
    for k in sorted(g): print(f'{k} -> {", ".join(g[k])}')
if '--dot' in sys.argv:
    print('digraph services {\n  rankdir=BT;')
    for k in sorted(g):
        for d in g[k]: print(f'  {k} -> {d};')
    print('}')

if pairs or cycles:
    sys.exit('service modules import each other: ' + repr(pairs or cycles))
