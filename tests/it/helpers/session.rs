//! Signed-in test clients: accounts made through the real service, sign-in through the real
//! login form, and requests that carry the session cookie and the CSRF token like a browser.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use prachum::services::{Ctx, users};
use prachum::state::Clock;

use super::{TestApp, TestResponse};

/// The password every test account gets.
pub const PASSWORD: &str = "รหัสผ่านทดสอบ-1234";

/// A scope for a test account.
#[derive(Debug, Clone, Default)]
pub struct Grant {
    /// Zone numbers.
    pub zones: Vec<i32>,
    /// Province code.
    pub province: Option<&'static str>,
    /// Agency office id.
    pub office_id: Option<i32>,
}

impl Grant {
    /// Zones by number.
    pub fn zones(z: &[i32]) -> Self {
        Self {
            zones: z.to_vec(),
            ..Self::default()
        }
    }
    /// A province by code.
    pub fn province(code: &'static str) -> Self {
        Self {
            province: Some(code),
            ..Self::default()
        }
    }
    /// An agency office.
    pub fn office(id: i32) -> Self {
        Self {
            office_id: Some(id),
            ..Self::default()
        }
    }
}

/// A signed-in client.
pub struct Client<'a> {
    app: &'a TestApp,
    /// `prachum_session=…`
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// The account id.
    pub user_id: i32,
}

impl TestApp {
    /// Creates an account with `role` (e.g. "provincial_office") and scope; returns its id.
    pub async fn account(&self, email: &str, role: &str, grant: Grant) -> i32 {
        let input = users::AccountInput {
            email: email.to_owned(),
            display_name: format!("ทดสอบ {role}"),
            role: role.to_owned(),
            zones: grant.zones,
            province: grant.province.map(str::to_owned),
            office_id: grant.office_id,
            password: Some(PASSWORD.to_owned()),
        };
        users::create(
            &self.state.db,
            &Ctx::system(&Clock::Fixed(super::fixed_now())),
            &users::AccountCommand::try_from(&input)
                .unwrap_or_else(|e| panic!("parsing {email}: {e:?}")),
        )
        .await
        .unwrap_or_else(|e| panic!("creating {email}: {e:?}"))
        .id
    }

    /// Creates an account and signs in through the login form.
    pub async fn client(&self, email: &str, role: &str, grant: Grant) -> Client<'_> {
        let user_id = self.account(email, role, grant).await;
        self.sign_in(email, user_id).await
    }

    /// Signs in an existing account (password [`PASSWORD`]).
    pub async fn sign_in(&self, email: &str, user_id: i32) -> Client<'_> {
        let page = self.get("/login").await;
        let pre = set_cookie(&page, "prachum_csrf").expect("login page sets the csrf cookie");
        let body = form_body(&[("_csrf", &pre), ("email", email), ("password", PASSWORD)]);
        let res = self
            .request(
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("prachum_csrf={pre}"))
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email}: {}",
            res.body
        );
        let token = set_cookie(&res, "prachum_session").expect("session cookie");
        let mut client = Client {
            app: self,
            cookie: format!("prachum_session={token}"),
            csrf: String::new(),
            user_id,
        };
        let page = client.get("/account/password").await;
        client.csrf = csrf_in(&page.body).expect("a form with the csrf token");
        client
    }
}

impl Client<'_> {
    /// GET with the session.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.app
            .request(
                Request::get(path)
                    .header(header::COOKIE, &self.cookie)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
    }

    /// POST a form with the session and its CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &form_body(&all)).await
    }

    /// POST an already encoded form body (no CSRF token added).
    pub async fn post_raw(&self, path: &str, body: &str) -> TestResponse {
        self.app
            .request(
                Request::post(path)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, &self.cookie)
                    .body(Body::from(body.to_owned()))
                    .expect("request"),
            )
            .await
    }

    /// POST a multipart form (file uploads): the CSRF token is its first field, as the pages
    /// render it.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, &[u8])],
    ) -> TestResponse {
        let boundary = "----prachum-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        let token = [("_csrf", self.csrf.as_str())];
        for (k, v) in token.iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, filename, content_type, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.app
            .request(
                Request::post(path)
                    .header(
                        header::CONTENT_TYPE,
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .header(header::COOKIE, &self.cookie)
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await
    }
}

/// URL-encodes form fields.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The value a response sets for a cookie.
pub fn set_cookie(res: &TestResponse, name: &str) -> Option<String> {
    res.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// The CSRF token in a page's forms.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
}

impl TestApp {
    /// A visitor without an account, carrying the pre-sign-in CSRF cookie a page set (answer
    /// links): its forms send that token.
    pub fn visitor(&self, csrf: &str) -> Client<'_> {
        Client {
            app: self,
            cookie: format!("prachum_csrf={csrf}"),
            csrf: csrf.to_owned(),
            user_id: 0,
        }
    }
}
