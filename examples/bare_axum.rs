//! The benchmark's reference point (benches/speed.sh): bare axum serving one file's bytes from
//! memory on every path, with the app's content type. Usage: `bare_axum FILE ADDR`.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(addr)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: bare_axum FILE ADDR");
    };
    let body = Bytes::from(std::fs::read(&file)?);
    let addr: SocketAddr = addr.parse()?;
    let page = move || {
        let body = body.clone();
        async move { ([(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response() }
    };
    let app = Router::new().fallback(get(page));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
