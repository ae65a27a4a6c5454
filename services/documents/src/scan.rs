//! Virus scanning through clamd's INSTREAM command, fed while the upload streams, so a file is
//! never held whole in memory for the scanner either.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What clamd said.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No signature matched.
    Clean,
    /// A signature matched (its name).
    Infected(String),
}

/// Why a scan could not be completed; the upload is refused then (fail closed).
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// clamd unreachable or the connection broke.
    #[error("clamd at {addr}: {source}")]
    Io {
        /// Where.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// clamd answered something else than a verdict (e.g. its stream size limit).
    #[error("clamd at {addr} answered: {answer}")]
    Answer {
        /// Where.
        addr: String,
        /// What it said.
        answer: String,
    },
}

/// A clamd to scan with.
#[derive(Clone, Debug)]
pub struct Scanner {
    addr: String,
}

/// One scan in progress.
pub struct Scan {
    addr: String,
    stream: TcpStream,
}

impl Scanner {
    /// A scanner talking to clamd at `host:port`.
    pub fn new(addr: &str) -> Self {
        Scanner {
            addr: addr.to_string(),
        }
    }

    /// Opens a scan.
    pub async fn start(&self) -> Result<Scan, ScanError> {
        let io = |source| ScanError::Io {
            addr: self.addr.clone(),
            source,
        };
        let mut stream = TcpStream::connect(&self.addr).await.map_err(io)?;
        stream.write_all(b"zINSTREAM\0").await.map_err(io)?;
        Ok(Scan {
            addr: self.addr.clone(),
            stream,
        })
    }
}

impl Scan {
    fn io(&self, source: std::io::Error) -> ScanError {
        ScanError::Io {
            addr: self.addr.clone(),
            source,
        }
    }

    /// Sends bytes of the file.
    pub async fn feed(&mut self, data: &[u8]) -> Result<(), ScanError> {
        for part in data.chunks(1 << 20) {
            let len = u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes();
            let sent = async {
                self.stream.write_all(&len).await?;
                self.stream.write_all(part).await
            }
            .await;
            sent.map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    /// Ends the stream and reads the verdict.
    pub async fn verdict(mut self) -> Result<Verdict, ScanError> {
        if let Err(e) = self.stream.write_all(&0u32.to_be_bytes()).await {
            return Err(self.io(e));
        }
        let mut answer = Vec::new();
        if let Err(e) = self.stream.read_to_end(&mut answer).await {
            return Err(self.io(e));
        }
        let answer = String::from_utf8_lossy(&answer)
            .trim_end_matches(['\0', '\n'])
            .to_string();
        parse(&answer).ok_or(ScanError::Answer {
            addr: self.addr,
            answer,
        })
    }
}

fn parse(answer: &str) -> Option<Verdict> {
    let rest = answer.strip_prefix("stream: ")?;
    if rest == "OK" {
        return Some(Verdict::Clean);
    }
    rest.strip_suffix(" FOUND")
        .map(|name| Verdict::Infected(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clamd_answers() {
        assert_eq!(parse("stream: OK"), Some(Verdict::Clean));
        assert_eq!(
            parse("stream: Eicar-Test-Signature FOUND"),
            Some(Verdict::Infected("Eicar-Test-Signature".into()))
        );
        assert_eq!(parse("INSTREAM size limit exceeded. ERROR"), None);
    }
}
