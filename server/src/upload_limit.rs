//! Upload size limits that answer the user instead of cutting the connection.
//!
//! axum's `DefaultBodyLimit` stops reading at the limit; the handler then answers while the
//! browser is still sending, and the browser often shows "connection reset" instead of our
//! page with its clear message. Here the body passes through up to the limit; beyond it the
//! rest is read and thrown away (up to a fixed margin, so nobody can keep a worker busy for long)
//! and only then does the body fail. The handler's own answer (`?hiba=meret`, 413, …) then
//! reaches the user on a connection that is still good.
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{DefaultBodyLimit, Request};
use axum::routing::MethodRouter;
use http_body::Frame;

/// How much more than the limit is read and discarded before the connection is given up.
const DRAIN_MARGIN: usize = 8 * 1024 * 1024;

/// `route` with request bodies limited to `limit` bytes as described above.
pub fn limited<S>(route: MethodRouter<S>, limit: usize) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    route
        .layer::<_, std::convert::Infallible>(axum::middleware::map_request(
            move |request: Request| async move { cap_body(request, limit) },
        ))
        // The extractors' own 2 MB default would cut in first otherwise.
        .layer(DefaultBodyLimit::disable())
}

/// The request with its body limited to `limit` bytes (the rest drained, then an error).
pub fn cap_body(request: Request, limit: usize) -> Request {
    let hard_cap = limit.saturating_add(DRAIN_MARGIN);
    // A body announced beyond the cap is refused at once: nothing of it is worth reading.
    let declared_too_large = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|length| length > hard_cap);
    request.map(|body| {
        Body::new(Capped {
            inner: body,
            seen: if declared_too_large { usize::MAX } else { 0 },
            limit,
            hard_cap,
        })
    })
}

struct Capped {
    inner: Body,
    seen: usize,
    limit: usize,
    hard_cap: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("the request body is larger than {limit} bytes")]
struct TooLarge {
    limit: usize,
}

impl HttpBody for Capped {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if this.seen > this.hard_cap {
            return Poll::Ready(Some(Err(this.too_large())));
        }
        loop {
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    let length = frame.data_ref().map_or(0, Bytes::len);
                    this.seen = this.seen.saturating_add(length);
                    if this.seen <= this.limit {
                        return Poll::Ready(Some(Ok(frame)));
                    }
                    if this.seen > this.hard_cap {
                        return Poll::Ready(Some(Err(this.too_large())));
                    }
                    // Over the limit: keep reading, keep nothing.
                }
                Poll::Ready(None) if this.seen > this.limit => {
                    return Poll::Ready(Some(Err(this.too_large())));
                }
                other => return other,
            }
        }
    }
}

impl Capped {
    fn too_large(&mut self) -> axum::Error {
        // Answer the error once: the body ends after it.
        self.seen = self.limit;
        self.inner = Body::empty();
        axum::Error::new(TooLarge { limit: self.limit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    fn request_of(size: usize) -> Request {
        Request::new(Body::from(vec![b'x'; size]))
    }

    #[tokio::test]
    async fn bodies_within_the_limit_pass_whole() {
        let body = cap_body(request_of(1000), 1000).into_body();
        let bytes = to_bytes(body, usize::MAX).await.expect("within the limit");
        assert_eq!(bytes.len(), 1000);
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_drained_then_refused() {
        let body = cap_body(request_of(3000), 1000).into_body();
        let error = to_bytes(body, usize::MAX)
            .await
            .expect_err("over the limit");
        assert!(
            error.to_string().contains("larger than 1000 bytes"),
            "{error}"
        );
        let body = cap_body(request_of(DRAIN_MARGIN + 2000), 1000).into_body();
        assert!(to_bytes(body, usize::MAX).await.is_err());
        let mut announced = request_of(10);
        announced
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, (DRAIN_MARGIN + 2000).into());
        let body = cap_body(announced, 1000).into_body();
        assert!(to_bytes(body, usize::MAX).await.is_err());
    }
}
