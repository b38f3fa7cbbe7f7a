//! Reads an NDJSON body as chunks of numbered lines, from the request stream: neither the body nor the answer is
//! ever held whole, and a body past the size cap stops being read.

use axum::body::{Body, BodyDataStream};
use futures_util::StreamExt;

/// Numbered non-empty lines, at most [`CHUNK`] of them.
pub(super) type Lines = Vec<(usize, String)>;

/// Lines written per transaction.
pub(super) const CHUNK: usize = 500;
/// The longest line a body may hold.
const MAX_LINE: usize = 1 << 20;

/// Why reading stopped at `line`.
#[derive(Debug)]
pub(super) enum ReadError {
    /// The body is larger than the cap, in bytes; `line` is the first line not written.
    TooLarge { line: usize, max: u64 },
    /// The body is broken (not UTF-8, a line too long, the connection failed); `line` is the first line not
    /// written.
    Invalid { line: usize, detail: String },
}

impl ReadError {
    /// The first line not written.
    pub(super) fn line(&self) -> usize {
        match self {
            Self::TooLarge { line, .. } | Self::Invalid { line, .. } => *line,
        }
    }

    /// What went wrong, for the client.
    pub(super) fn detail(&self) -> String {
        match self {
            Self::TooLarge { line, max } => format!(
                "the body is larger than {max} bytes; nothing from line {line} on was written (send smaller files)"
            ),
            Self::Invalid { detail, .. } => detail.clone(),
        }
    }
}

/// A body being read chunk by chunk.
pub(super) struct LineReader {
    stream: BodyDataStream,
    /// Bytes received and not yet split into lines start at `start`; what is before it is dropped when more come,
    /// so splitting a frame of many short lines costs one move, not one per line.
    pending: Vec<u8>,
    start: usize,
    number: usize,
    read: u64,
    max: u64,
    done: bool,
}

impl LineReader {
    /// Reads `body`, refusing it once more than `max` bytes have come.
    pub(super) fn new(body: Body, max: u64) -> Self {
        Self {
            stream: body.into_data_stream(),
            pending: Vec::new(),
            start: 0,
            number: 0,
            read: 0,
            max,
            done: false,
        }
    }

    /// The next chunk of lines; `None` when the body has ended.
    pub(super) async fn next_chunk(&mut self) -> Result<Option<Lines>, ReadError> {
        let mut chunk = Lines::new();
        let unwritten =
            |chunk: &Lines, number: usize| chunk.first().map_or(number + 1, |(n, _)| *n);
        loop {
            while let Some(at) = self.pending[self.start..].iter().position(|b| *b == b'\n') {
                let line = &self.pending[self.start..=self.start + at];
                self.start += at + 1;
                self.number += 1;
                let text = std::str::from_utf8(line).map_err(|_| ReadError::Invalid {
                    line: unwritten(&chunk, self.number - 1),
                    detail: format!("line {} is not UTF-8", self.number),
                })?;
                if !text.trim().is_empty() {
                    chunk.push((self.number, text.to_owned()));
                }
                if chunk.len() >= CHUNK {
                    return Ok(Some(chunk));
                }
            }
            if self.pending.len() - self.start > MAX_LINE {
                return Err(ReadError::Invalid {
                    line: unwritten(&chunk, self.number),
                    detail: format!("line {} is longer than {MAX_LINE} bytes", self.number + 1),
                });
            }
            if self.done {
                return Ok((!chunk.is_empty()).then_some(chunk));
            }
            match self.stream.next().await {
                Some(Ok(bytes)) => {
                    self.read += bytes.len() as u64;
                    if self.read > self.max {
                        self.done = true;
                        return Err(ReadError::TooLarge {
                            line: unwritten(&chunk, self.number),
                            max: self.max,
                        });
                    }
                    self.pending.drain(..self.start);
                    self.start = 0;
                    self.pending.extend_from_slice(&bytes);
                }
                Some(Err(e)) => {
                    return Err(ReadError::Invalid {
                        line: unwritten(&chunk, self.number),
                        detail: format!("could not be read: {e}"),
                    });
                }
                None => {
                    self.done = true;
                    if self.pending.len() > self.start {
                        self.pending.push(b'\n');
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use futures_util::stream;

    use super::{CHUNK, LineReader, ReadError};

    fn body(frames: Vec<String>) -> Body {
        Body::from_stream(stream::iter(
            frames.into_iter().map(Ok::<_, std::convert::Infallible>),
        ))
    }

    #[tokio::test]
    async fn lines_come_in_numbered_chunks_across_frames() {
        let text: String = (1..=CHUNK + 2)
            .map(|i| format!("{{\"n\":{i}}}\n\n"))
            .collect();
        let (a, b) = text.split_at(text.len() / 3);
        let mut reader = LineReader::new(body(vec![a.into(), b.into(), "last".into()]), 1 << 20);
        let first = reader.next_chunk().await.unwrap().unwrap();
        assert_eq!((first.len(), first[0].0, first[1].0), (CHUNK, 1, 3));
        let rest = reader.next_chunk().await.unwrap().unwrap();
        assert_eq!(rest.len(), 3);
        assert_eq!(rest[2], (2 * (CHUNK + 2) + 1, "last\n".to_owned()));
        assert!(reader.next_chunk().await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_body_past_the_cap_stops_at_the_first_line_not_written() {
        let frames = (1..=10).map(|i| format!("line {i}\n")).collect();
        let mut reader = LineReader::new(body(frames), 30);
        match reader.next_chunk().await {
            Err(e @ ReadError::TooLarge { .. }) => {
                assert_eq!(e.line(), 1, "the lines read so far were not written either");
                assert!(e.detail().contains("30 bytes"), "{}", e.detail());
            }
            other => panic!("{other:?}"),
        }
    }
}
