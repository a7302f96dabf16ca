//! A success body streamed to the caller: for operations that answer with raw bytes (a file,
//! a build log), which may be larger than what should be held in memory.

use std::fmt;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::Error;
use crate::response::Streamed;

/// The body of a download, read as it arrives.
///
/// The client returns it as soon as the 2xx status and headers are in; the body is then read
/// by the caller: chunk by chunk ([`chunk`](Self::chunk), [`into_stream`](Self::into_stream)),
/// copied to a file or any [`AsyncWrite`] ([`write_to`](Self::write_to)) without holding it
/// whole, or collected ([`bytes`](Self::bytes)) under the client's
/// [`max_response_bytes`](crate::Config::max_response_bytes) limit. Each chunk must arrive
/// within the client's timeout. A call is retried only until the status and headers arrive,
/// never once the body has started.
pub struct Download {
    operation: &'static str,
    status: u16,
    source: Source,
    max_bytes: usize,
    idle_timeout: Duration,
}

enum Source {
    Stream(reqwest::Response),
    Buffered(Option<Bytes>),
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

impl Download {
    pub(crate) fn streamed(operation: &'static str, status: u16, streamed: Streamed) -> Download {
        Download {
            operation,
            status,
            source: Source::Stream(streamed.response),
            max_bytes: streamed.max_bytes,
            idle_timeout: streamed.idle_timeout,
        }
    }

    pub(crate) fn buffered(operation: &'static str, status: u16, body: Vec<u8>) -> Download {
        Download {
            operation,
            status,
            max_bytes: usize::MAX,
            idle_timeout: Duration::MAX,
            source: Source::Buffered(Some(Bytes::from(body))),
        }
    }

    /// The length the server announced (`Content-Length`), if any.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Stream(response) => response.content_length(),
            Source::Buffered(body) => body.as_ref().map(|b| b.len() as u64),
        }
    }

    /// The next chunk of the body, or `None` at its end.
    ///
    /// # Errors
    ///
    /// `Error::Timeout` when no chunk arrives within the client's timeout, `Error::Transport`
    /// when the connection fails.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let operation = self.operation;
        match &mut self.source {
            Source::Buffered(body) => Ok(body.take().filter(|b| !b.is_empty())),
            Source::Stream(response) => {
                match tokio::time::timeout(self.idle_timeout, response.chunk()).await {
                    Err(_) => Err(Error::Timeout {
                        operation,
                        source: format!(
                            "no part of the body arrived within {:?}",
                            self.idle_timeout
                        )
                        .into(),
                    }),
                    Ok(Err(error)) if error.is_timeout() => Err(Error::Timeout {
                        operation,
                        source: Box::new(error),
                    }),
                    Ok(Err(error)) => Err(Error::Transport {
                        operation,
                        source: Box::new(error),
                    }),
                    Ok(Ok(chunk)) => Ok(chunk),
                }
            }
        }
    }

    /// The whole body in memory, when it is at most the client's `max_response_bytes`.
    ///
    /// # Errors
    ///
    /// `Error::ResponseTooLarge` beyond the limit (reading stops there); the errors of
    /// [`chunk`](Self::chunk).
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        if self
            .content_length()
            .is_some_and(|n| n > self.max_bytes as u64)
        {
            return Err(self.too_large());
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = self.chunk().await? {
            if body.len() + chunk.len() > self.max_bytes {
                return Err(self.too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// Copies the body to `out` chunk by chunk (a file, a socket, ...), then flushes it;
    /// returns the number of bytes written. Only one chunk is held at a time, whatever the
    /// size of the body; the `max_response_bytes` limit does not apply.
    ///
    /// # Errors
    ///
    /// `Error::Write` when `out` fails; the errors of [`chunk`](Self::chunk).
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(
        mut self,
        out: &mut W,
    ) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = self.chunk().await? {
            out.write_all(&chunk)
                .await
                .map_err(|e| self.write_error(e))?;
            written += chunk.len() as u64;
        }
        out.flush().await.map_err(|e| self.write_error(e))?;
        Ok(written)
    }

    /// The body as a [`Stream`] of chunks, for stream combinators (`futures::StreamExt`).
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + Unpin {
        Box::pin(futures_util::stream::unfold(
            Some(self),
            |download| async move {
                let mut download = download?;
                match download.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), Some(download))),
                    Ok(None) => None,
                    Err(error) => Some((Err(error), None)),
                }
            },
        ))
    }

    fn too_large(&self) -> Error {
        Error::ResponseTooLarge {
            operation: self.operation,
            status: self.status,
            limit: self.max_bytes,
        }
    }

    fn write_error(&self, source: std::io::Error) -> Error {
        Error::Write {
            operation: self.operation,
            source,
        }
    }
}
