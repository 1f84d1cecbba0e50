//! A whole XML file as a small tree, for the Disqus and WordPress readers: elements with
//! their attributes, text (CDATA and entities resolved) and line. quick-xml reads it;
//! an error names the line, and a truncated file is an error, not a shorter import.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::ReadError;

/// Deepest nesting of elements read. Disqus and WordPress exports nest six deep; a limit keeps
/// a crafted file from building a tree whose every level costs a stack frame to drop (a
/// 300,000-deep file overflowed the stack).
pub const MAX_DEPTH: usize = 100;

#[derive(Debug, Default)]
pub struct Element {
    /// As written, prefix included (`wp:comment`).
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub line: usize,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The trimmed text of the first child named `name`, if it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        let text = self.child(name)?.text.trim();
        (!text.is_empty()).then_some(text)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Counts lines as the reader moves forward, without rescanning the file.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> usize {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset > self.offset {
            let passed = &self.text.as_bytes()[self.offset..offset];
            self.line += passed.iter().filter(|&&b| b == b'\n').count();
            self.offset = offset;
        }
        self.line
    }
}

/// The document's root element.
pub fn parse(text: &str, file: &str) -> Result<Element, ReadError> {
    let mut reader = Reader::from_str(text);
    let mut lines = Lines {
        text,
        offset: 0,
        line: 1,
    };
    let error = |line: usize, message: String| ReadError::at(file, line, message);
    // The open elements, innermost last; the first is a holder for the root.
    let mut open = vec![Element::default()];
    loop {
        let event = reader.read_event().map_err(|e| {
            error(
                super::line_of(text, reader.error_position() as usize),
                e.to_string(),
            )
        })?;
        let line = lines.at(reader.buffer_position());
        match event {
            Event::Start(start) => {
                // `open` holds a holder for the root besides the open elements.
                if open.len() > MAX_DEPTH {
                    return Err(error(
                        line,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                open.push(element(&start, line).map_err(|m| error(line, m))?);
            }
            Event::Empty(start) => {
                let empty = element(&start, line).map_err(|m| error(line, m))?;
                push_child(&mut open, empty);
            }
            Event::End(_) => match (open.len() > 1).then(|| open.pop()).flatten() {
                Some(done) => push_child(&mut open, done),
                None => return Err(error(line, "a closing tag without its opening tag".into())),
            },
            Event::Text(content) => append(
                &mut open,
                &content
                    .xml_content()
                    .map_err(|e| error(line, e.to_string()))?,
            ),
            Event::CData(content) => append(
                &mut open,
                &content.decode().map_err(|e| error(line, e.to_string()))?,
            ),
            Event::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .map_err(|e| error(line, e.to_string()))?
                {
                    Some(character) => character.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| error(line, e.to_string()))?;
                        resolve_predefined_entity(&name)
                            .ok_or_else(|| error(line, format!("unknown entity &{name};")))?
                            .to_owned()
                    }
                };
                append(&mut open, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    let line = lines.at(text.len() as u64);
    if let Some(unclosed) = open.last().filter(|_| open.len() > 1) {
        return Err(error(
            line,
            format!(
                "the file ends inside <{}> (line {}): it is truncated",
                unclosed.name, unclosed.line
            ),
        ));
    }
    open.pop()
        .and_then(|holder| holder.children.into_iter().next())
        .ok_or_else(|| error(line, "no XML element in the file".into()))
}

fn element(start: &quick_xml::events::BytesStart<'_>, line: usize) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .unescape_value()
            .map_err(|e| e.to_string())?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        line,
        ..Element::default()
    })
}

fn push_child(open: &mut [Element], child: Element) {
    if let Some(parent) = open.last_mut() {
        parent.children.push(child);
    }
}

fn append(open: &mut [Element], text: &str) {
    if let Some(current) = open.last_mut() {
        current.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cdata_and_entities_are_joined_and_lines_counted() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">\n  <b>caf&#233; &amp; <![CDATA[<p>th\u{e9}</p>]]></b>\n</a>\n",
            "t.xml",
        )
        .expect("parses");
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        let b = root.child("b").expect("b");
        assert_eq!(b.text, "café & <p>thé</p>");
        assert_eq!(b.line, 3);
    }

    #[test]
    fn a_truncated_file_is_an_error_naming_the_open_element() {
        let error = parse("<a>\n<b>\n<c>text</c>\n", "t.xml").expect_err("truncated");
        assert!(error.to_string().contains("truncated"), "{error}");
        assert!(error.to_string().contains("<b>"), "{error}");
    }

    #[test]
    fn a_file_nested_deeper_than_the_limit_is_refused_with_its_line() {
        let deep = "<a>\n".repeat(300_000);

        let error = parse(&deep, "deep.xml").expect_err("too deep");

        assert_eq!(error.line, Some(MAX_DEPTH + 1), "{error}");
        assert!(error.to_string().contains("nested more than"), "{error}");
    }

    #[test]
    fn a_file_as_deep_as_the_limit_is_read() {
        let text = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));

        let root = parse(&text, "deep.xml").expect("within the limit");

        assert_eq!(root.name, "a");
    }

    #[test]
    fn a_mismatched_tag_is_an_error_with_its_line() {
        let error = parse("<a>\n<b>\n</c>\n</a>", "t.xml").expect_err("mismatched");
        assert_eq!(error.line, Some(3), "{error}");
    }
}
