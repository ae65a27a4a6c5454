//! What a file is, from its bytes (never from the name or the header the uploader sent), and
//! safe names for it.

/// How many leading bytes are looked at.
pub const SNIFF_LEN: usize = 64 * 1024;

/// The allow-list: PDF, JPEG, PNG, HEIC, DOCX, ODT and plain text. `head` is the first
/// [`SNIFF_LEN`] bytes (or the whole file when `complete`). `None`: not allowed.
pub fn sniff(head: &[u8], complete: bool) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some("image/png");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        // ISO base media: HEIF/HEIC brands as phones write them.
        return matches!(
            &head[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
        .then_some("image/heic");
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_document(head);
    }
    plain_text(head, complete).then_some("text/plain; charset=utf-8")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// ODT declares itself in a stored first entry `mimetype`; a DOCX names `word/` parts in its
/// local headers near the start. Any other ZIP (an archive, an .apk, a spreadsheet) is refused.
fn zip_document(head: &[u8]) -> Option<&'static str> {
    if head.len() > 38 && &head[30..38] == b"mimetype" {
        return head[38..]
            .starts_with(b"application/vnd.oasis.opendocument.text")
            .then_some("application/vnd.oasis.opendocument.text");
    }
    (contains(head, b"[Content_Types].xml") && contains(head, b"word/"))
        .then_some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
}

/// UTF-8 without NUL or control characters other than tab, line feed, carriage return and form
/// feed. A multi-byte character cut off by the end of `head` is fine unless the file ends there.
fn plain_text(head: &[u8], complete: bool) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if !complete && e.error_len().is_none() => {
            match std::str::from_utf8(&head[..e.valid_up_to()]) {
                Ok(t) => t,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

/// The usual extension of an allowed content type.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/heic" => "heic",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        _ => "txt",
    }
}

/// Decodes `%XX` escapes (UTF-8 names travel percent-encoded in an HTTP header); anything
/// malformed is kept as written.
pub fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2]))
        {
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// A filename safe to store and to offer back: no directories, no control or reserved
/// characters, no leading dots, at most 120 characters with the extension kept, never empty.
pub fn sanitize_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !platform::text::is_forbidden(*c, false)
                && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if cleaned.is_empty() {
        return "document".into();
    }
    const MAX: usize = 120;
    if cleaned.chars().count() <= MAX {
        return cleaned.to_string();
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, Some(ext)),
        _ => (cleaned, None),
    };
    let keep = MAX - ext.map_or(0, |e| e.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    match ext {
        Some(ext) => format!("{}.{ext}", stem.trim_end()),
        None => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_allowed_kinds_from_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n...", true), Some("application/pdf"));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0], true),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true),
            Some("image/png")
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0", true),
            Some("image/heic")
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypisom\0\0\0\0", true),
            None,
            "mp4 video"
        );
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(
            sniff(&odt, true),
            Some("application/vnd.oasis.opendocument.text")
        );
        let docx = b"PK\x03\x04....[Content_Types].xml....PK\x03\x04word/document.xml";
        assert!(sniff(docx, true).unwrap().contains("wordprocessingml"));
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml", true), None);
        assert_eq!(
            sniff("Verslag gesprek — 3 maart\r\n".as_bytes(), true),
            Some("text/plain; charset=utf-8")
        );
    }

    #[test]
    fn refuses_executables_and_binary_data_whatever_the_name() {
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0", true), None);
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0", true), None);
        assert_eq!(sniff(b"", true), None);
        assert_eq!(
            sniff(&[0xC3], true),
            None,
            "broken UTF-8 at the end of the file"
        );
        assert!(
            sniff(&[b'a', 0xC3], false).is_some(),
            "cut at the sniff window"
        );
    }

    #[test]
    fn filenames_lose_paths_and_dangerous_characters() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_filename("C:\\Users\\x\\scan.pdf"), "scan.pdf");
        assert_eq!(
            sanitize_filename("  .hidden\u{0}file?.pdf "),
            "hiddenfile.pdf"
        );
        assert_eq!(sanitize_filename(""), "document");
        assert_eq!(
            sanitize_filename("rapport\u{202e}fdp.exe"),
            "rapportfdp.exe"
        );
        assert_eq!(sanitize_filename("..."), "document");
        let long = format!("{}.pdf", "a".repeat(300));
        let s = sanitize_filename(&long);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with(".pdf"));
        assert_eq!(
            percent_decode("Verslag%20%C3%A9%C3%A9n.pdf"),
            "Verslag één.pdf"
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
