//! A small report writer: a cover, a table of contents with page numbers, sections of
//! paragraphs, fields, lists and tables, page footers and PDF bookmarks — A4, in the PDF
//! standard fonts (Helvetica, WinAnsi encoding), so nothing is embedded and the output is a few
//! kilobytes per page. Used for the RIV export and the employee's medical export.

use pdf_writer::types::PageMode;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A report.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Title on the cover and in the document properties.
    pub title: String,
    /// Lines under the title on the cover.
    pub subtitle: Vec<String>,
    /// Label/value lines on the cover (employee, employer, dates).
    pub cover_fields: Vec<(String, String)>,
    /// A boxed notice on the cover (what the document does and does not contain).
    pub notice: String,
    /// Heading of the table of contents.
    pub contents_heading: String,
    /// Footer text on every page after the cover.
    pub footer: String,
    /// "page" in the report's language (`pagina`).
    pub page_word: String,
    /// "of" in the report's language (`van`).
    pub of_word: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A numbered section.
#[derive(Clone, Debug, Default)]
pub struct Section {
    /// Heading (numbered automatically).
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// A piece of section content.
#[derive(Clone, Debug)]
pub enum Block {
    /// A paragraph; line breaks in the text are kept.
    Paragraph(String),
    /// A smaller heading inside a section.
    Subheading(String),
    /// Label/value pairs.
    Fields(Vec<(String, String)>),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// A table: column headings with relative widths, then rows.
    Table {
        /// (heading, relative width).
        columns: Vec<(String, f32)>,
        /// Cells per row.
        rows: Vec<Vec<String>>,
    },
    /// A grey remark (e.g. "not yet recorded").
    Note(String),
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TOP: f32 = PAGE_H - MARGIN;
const BOTTOM: f32 = MARGIN + 24.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const BODY: f32 = 10.0;
const LEADING: f32 = 13.5;

#[derive(Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

enum Op {
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        grey: bool,
        text: Vec<u8>,
    },
    Line {
        x1: f32,
        y: f32,
        x2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// The WinAnsi byte of `c`, or `?` when the standard fonts cannot show it.
fn win_ansi(c: char) -> u8 {
    let code = c as u32;
    if (32..127).contains(&code) || (160..=255).contains(&code) {
        return code as u8;
    }
    match c {
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‰' => 0x89,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '\t' => b' ',
        _ => b'?',
    }
}

/// Helvetica advance widths (per 1000 em) of ASCII 32..=126, from the font's AFM.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

fn byte_width(b: u8) -> u16 {
    match b {
        32..=126 => ASCII_WIDTHS[usize::from(b - 32)],
        0xC0..=0xC5 | 0xC8..=0xCB | 0xDD | 0xDE => 667,
        0xC6 | 0x97 | 0x85 => 1000,
        0xC7 | 0xD0 | 0xD1 | 0xD9..=0xDC => 722,
        0xCC..=0xCF | 0xEC..=0xEF => 278,
        0xD2..=0xD6 | 0xD8 => 778,
        0xDF | 0xF8 => 611,
        0xE6 => 889,
        0xE7 | 0xFD | 0xFF => 500,
        0x91 | 0x92 | 0x82 => 222,
        0x93 | 0x94 | 0x84 => 333,
        0x95 => 350,
        _ => 556,
    }
}

fn text_width(text: &[u8], font: Font, size: f32) -> f32 {
    let units: u32 = text.iter().map(|b| u32::from(byte_width(*b))).sum();
    // Helvetica-Bold runs a little wider; measuring it 10% wider keeps bold lines inside.
    let factor = if font == Font::Bold { 1.1 } else { 1.0 };
    units as f32 * size / 1000.0 * factor
}

/// Breaks `text` into lines no wider than `width`, keeping its own line breaks; words longer
/// than a line are cut.
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line: Vec<u8> = Vec::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<u8> = word.chars().map(win_ansi).collect();
            loop {
                let candidate_width = if line.is_empty() {
                    text_width(&word, font, size)
                } else {
                    text_width(&line, font, size)
                        + text_width(b" ", font, size)
                        + text_width(&word, font, size)
                };
                if candidate_width <= width {
                    if !line.is_empty() {
                        line.push(b' ');
                    }
                    line.extend_from_slice(&word);
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A single word wider than the line: cut it where it stops fitting.
                let mut cut = word.len();
                while cut > 1 && text_width(&word[..cut], font, size) > width {
                    cut -= 1;
                }
                lines.push(word[..cut].to_vec());
                word = word[cut..].to_vec();
                if word.is_empty() {
                    break;
                }
            }
        }
        lines.push(line);
    }
    lines
}

struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text_lines(&mut self, text: &str, x: f32, width: f32, font: Font, size: f32, grey: bool) {
        let leading = size * 1.35;
        for line in wrap(text, font, size, width) {
            self.ensure(leading);
            self.y -= leading;
            self.op(Op::Text {
                x,
                y: self.y,
                font,
                size,
                grey,
                text: line,
            });
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(text) => {
                self.text_lines(text, MARGIN, WIDTH, Font::Regular, BODY, false);
                self.y -= 6.0;
            }
            Block::Note(text) => {
                self.text_lines(text, MARGIN, WIDTH, Font::Regular, BODY, true);
                self.y -= 6.0;
            }
            Block::Subheading(text) => {
                self.ensure(3.0 * LEADING);
                self.y -= 4.0;
                self.text_lines(text, MARGIN, WIDTH, Font::Bold, 11.0, false);
                self.y -= 2.0;
            }
            Block::Fields(fields) => {
                let label_w = 150.0;
                for (label, value) in fields {
                    let labels = wrap(label, Font::Bold, BODY, label_w - 8.0);
                    let values = wrap(value, Font::Regular, BODY, WIDTH - label_w);
                    for i in 0..labels.len().max(values.len()) {
                        self.ensure(LEADING);
                        self.y -= LEADING;
                        if let Some(l) = labels.get(i) {
                            self.op(Op::Text {
                                x: MARGIN,
                                y: self.y,
                                font: Font::Bold,
                                size: BODY,
                                grey: false,
                                text: l.clone(),
                            });
                        }
                        if let Some(v) = values.get(i) {
                            self.op(Op::Text {
                                x: MARGIN + label_w,
                                y: self.y,
                                font: Font::Regular,
                                size: BODY,
                                grey: false,
                                text: v.clone(),
                            });
                        }
                    }
                }
                self.y -= 6.0;
            }
            Block::Bullets(items) => {
                for item in items {
                    let lines = wrap(item, Font::Regular, BODY, WIDTH - 14.0);
                    for (i, line) in lines.into_iter().enumerate() {
                        self.ensure(LEADING);
                        self.y -= LEADING;
                        if i == 0 {
                            self.op(Op::Text {
                                x: MARGIN + 2.0,
                                y: self.y,
                                font: Font::Regular,
                                size: BODY,
                                grey: false,
                                text: vec![0x95],
                            });
                        }
                        self.op(Op::Text {
                            x: MARGIN + 14.0,
                            y: self.y,
                            font: Font::Regular,
                            size: BODY,
                            grey: false,
                            text: line,
                        });
                    }
                }
                self.y -= 6.0;
            }
            Block::Table { columns, rows } => self.table(columns, rows),
        }
    }

    fn table(&mut self, columns: &[(String, f32)], rows: &[Vec<String>]) {
        let total: f32 = columns.iter().map(|(_, w)| *w).sum::<f32>().max(0.001);
        let widths: Vec<f32> = columns.iter().map(|(_, w)| w / total * WIDTH).collect();
        let size = 9.0;
        let leading = 12.0;
        let header: Vec<Vec<Vec<u8>>> = columns
            .iter()
            .zip(&widths)
            .map(|((h, _), w)| wrap(h, Font::Bold, size, w - 6.0))
            .collect();
        let draw_row = |layout: &mut Layout, cells: &[Vec<Vec<u8>>], font: Font, shade: bool| {
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * leading + 4.0;
            if shade {
                layout.op(Op::Shade {
                    x: MARGIN,
                    y: layout.y - height,
                    w: WIDTH,
                    h: height,
                });
            }
            let mut x = MARGIN;
            for (cell, w) in cells.iter().zip(&widths) {
                for (i, line) in cell.iter().enumerate() {
                    layout.op(Op::Text {
                        x: x + 3.0,
                        y: layout.y - (i as f32 + 1.0) * leading + 1.0,
                        font,
                        size,
                        grey: false,
                        text: line.clone(),
                    });
                }
                x += w;
            }
            layout.y -= height;
            layout.op(Op::Line {
                x1: MARGIN,
                y: layout.y,
                x2: MARGIN + WIDTH,
            });
        };
        let header_height = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 4.0;
        self.ensure(header_height + leading + 4.0);
        draw_row(self, &header, Font::Bold, true);
        for row in rows {
            let cells: Vec<Vec<Vec<u8>>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    wrap(
                        row.get(i).map_or("", String::as_str),
                        Font::Regular,
                        size,
                        w - 6.0,
                    )
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 4.0;
            if self.y - height < BOTTOM {
                self.new_page();
                draw_row(self, &header, Font::Bold, true);
            }
            draw_row(self, &cells, Font::Regular, false);
        }
        self.y -= 10.0;
    }
}

/// Renders `report` to PDF bytes.
pub fn render(report: &Report) -> Vec<u8> {
    // Lay out the sections first (from page 3 on, after cover and contents), so the table of
    // contents can name their pages.
    let toc_pages = report.sections.len().div_ceil(40).max(1);
    let mut layout = Layout {
        pages: Vec::new(),
        y: TOP,
    };
    let mut starts = Vec::with_capacity(report.sections.len());
    layout.new_page();
    for (i, section) in report.sections.iter().enumerate() {
        if layout.y < TOP {
            if layout.y - 6.0 * LEADING < BOTTOM {
                layout.new_page();
            } else {
                layout.y -= 14.0;
            }
        }
        starts.push(layout.pages.len() - 1);
        let heading = format!("{}. {}", i + 1, section.heading);
        layout.text_lines(&heading, MARGIN, WIDTH, Font::Bold, 14.0, false);
        layout.op(Op::Line {
            x1: MARGIN,
            y: layout.y - 4.0,
            x2: MARGIN + WIDTH,
        });
        layout.y -= 12.0;
        for block in &section.blocks {
            layout.block(block);
        }
    }
    let first_content = 1 + toc_pages;
    let total = first_content + layout.pages.len();

    let mut cover = Layout {
        pages: Vec::new(),
        y: TOP,
    };
    cover.new_page();
    cover.y = TOP - 140.0;
    cover.text_lines(&report.title, MARGIN, WIDTH, Font::Bold, 24.0, false);
    cover.y -= 8.0;
    for line in &report.subtitle {
        cover.text_lines(line, MARGIN, WIDTH, Font::Regular, 13.0, false);
    }
    cover.y -= 30.0;
    cover.block(&Block::Fields(report.cover_fields.clone()));
    if !report.notice.is_empty() {
        cover.y -= 20.0;
        let lines = wrap(&report.notice, Font::Regular, BODY, WIDTH - 20.0);
        let h = lines.len() as f32 * LEADING + 14.0;
        cover.op(Op::Shade {
            x: MARGIN,
            y: cover.y - h,
            w: WIDTH,
            h,
        });
        cover.y -= 7.0;
        for line in lines {
            cover.y -= LEADING;
            cover.op(Op::Text {
                x: MARGIN + 10.0,
                y: cover.y,
                font: Font::Regular,
                size: BODY,
                grey: false,
                text: line,
            });
        }
    }

    let mut toc = Layout {
        pages: Vec::new(),
        y: TOP,
    };
    toc.new_page();
    toc.text_lines(
        &report.contents_heading,
        MARGIN,
        WIDTH,
        Font::Bold,
        16.0,
        false,
    );
    toc.y -= 10.0;
    for (i, section) in report.sections.iter().enumerate() {
        let page = (first_content + starts[i] + 1).to_string();
        let label = format!("{}. {}", i + 1, section.heading);
        toc.ensure(LEADING + 4.0);
        toc.y -= LEADING + 4.0;
        let text: Vec<u8> = label.chars().map(win_ansi).collect();
        toc.op(Op::Text {
            x: MARGIN,
            y: toc.y,
            font: Font::Regular,
            size: 11.0,
            grey: false,
            text,
        });
        let number: Vec<u8> = page.bytes().collect();
        let w = text_width(&number, Font::Regular, 11.0);
        toc.op(Op::Text {
            x: MARGIN + WIDTH - w,
            y: toc.y,
            font: Font::Regular,
            size: 11.0,
            grey: false,
            text: number,
        });
    }
    while toc.pages.len() < toc_pages {
        toc.new_page();
    }

    let mut pages: Vec<Vec<Op>> = cover.pages;
    pages.extend(toc.pages);
    pages.extend(layout.pages);
    write(report, pages, total, first_content, &starts)
}

fn write(
    report: &Report,
    pages: Vec<Vec<Op>>,
    total: usize,
    first_content: usize,
    starts: &[usize],
) -> Vec<u8> {
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let regular = alloc();
    let bold = alloc();
    let info = alloc();
    let outline = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let items: Vec<Ref> = report.sections.iter().map(|_| alloc()).collect();

    let mut pdf = Pdf::new();
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree);
    if !items.is_empty() {
        cat.outlines(outline).page_mode(PageMode::UseOutlines);
    }
    cat.finish();
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(&report.title))
        .producer(TextStr("Poortwachter"));

    for (n, (ops, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut page = pdf.page(*page_id);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(*content_id);
        {
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Font::Regular.name(), regular);
            fonts.pair(Font::Bold.name(), bold);
        }
        page.finish();

        let mut content = Content::new();
        for op in ops {
            draw(&mut content, op);
        }
        if n > 0 {
            let footer = format!(
                "{} — {} {} {} {}",
                report.footer,
                report.page_word,
                n + 1,
                report.of_word,
                total
            );
            draw(
                &mut content,
                &Op::Text {
                    x: MARGIN,
                    y: MARGIN - 10.0,
                    font: Font::Regular,
                    size: 8.0,
                    grey: true,
                    text: footer.chars().map(win_ansi).collect(),
                },
            );
        }
        pdf.stream(*content_id, &content.finish());
    }

    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        pdf.outline(outline)
            .first(*first)
            .last(*last)
            .count(i32::try_from(items.len()).unwrap_or(i32::MAX));
        for (i, (item, section)) in items.iter().zip(&report.sections).enumerate() {
            let title = format!("{}. {}", i + 1, section.heading);
            let mut entry = pdf.outline_item(*item);
            entry.parent(outline).title(TextStr(&title));
            if i > 0 {
                entry.prev(items[i - 1]);
            }
            if let Some(next) = items.get(i + 1) {
                entry.next(*next);
            }
            if let Some((page, _)) = page_ids.get(first_content + starts[i]) {
                entry.dest().page(*page).xyz(0.0, PAGE_H, None);
            }
        }
    }
    pdf.finish()
}

fn draw(content: &mut Content, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            font,
            size,
            grey,
            text,
        } => {
            content.set_fill_gray(if *grey { 0.4 } else { 0.0 });
            content
                .begin_text()
                .set_font(font.name(), *size)
                .next_line(*x, *y)
                .show(Str(text))
                .end_text();
        }
        Op::Line { x1, y, x2 } => {
            content
                .set_stroke_gray(0.7)
                .set_line_width(0.5)
                .move_to(*x1, *y)
                .line_to(*x2, *y)
                .stroke();
        }
        Op::Shade { x, y, w, h } => {
            content
                .set_fill_gray(0.93)
                .rect(*x, *y, *w, *h)
                .fill_nonzero();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_the_width_and_keeps_line_breaks() {
        let lines = wrap(
            "Het plan van aanpak is op 3 maart besproken en door beide partijen ondertekend.\nTweede regel",
            Font::Regular,
            10.0,
            150.0,
        );
        assert!(lines.len() > 3);
        assert!(
            lines
                .iter()
                .all(|l| text_width(l, Font::Regular, 10.0) <= 150.0)
        );
        assert_eq!(lines.last().unwrap(), b"Tweede regel");
        let long = wrap(&"x".repeat(500), Font::Regular, 10.0, 100.0);
        assert!(long.len() > 5 && long.iter().all(|l| !l.is_empty()));
    }

    #[test]
    fn renders_a_pdf_with_every_page_and_the_dutch_characters() {
        let report = Report {
            title: "Re-integratieverslag".into(),
            footer: "Poortwachter".into(),
            page_word: "pagina".into(),
            of_word: "van".into(),
            contents_heading: "Inhoud".into(),
            sections: (0..3)
                .map(|i| Section {
                    heading: format!("Deel {i}"),
                    blocks: vec![Block::Table {
                        columns: vec![("Datum".into(), 1.0), ("Omschrijving".into(), 3.0)],
                        rows: (0..80)
                            .map(|r| {
                                vec![
                                    format!("2026-01-{r:02}"),
                                    "Gesprek over één taak — geëvalueerd".into(),
                                ]
                            })
                            .collect(),
                    }],
                })
                .collect(),
            ..Report::default()
        };
        let bytes = render(&report);
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Helvetica-Bold"));
        let pages = text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count();
        assert!(
            pages >= 5 || text.matches("/Type /Page").count() >= 6,
            "cover, contents and several pages of tables"
        );
    }
}
