//! The router on a real TCP port, for tests that need one (a real browser).

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server; dropping it shuts it down.
pub struct Server {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `router` in a background task.
    pub async fn start(router: Router) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    // A send or a dropped sender both mean "stop".
                    let _ = rx.await;
                })
                .await
                .expect("test server");
        });
        Self {
            base_url: format!("http://{addr}"),
            shutdown: Some(tx),
            task,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // The signal closes the open connections gracefully (axum watches it in its own task);
        // the accept loop would wait for them, and a browser may hold one open, so stop it now.
        self.task.abort();
    }
}
