//! The text of an imported message cut into what a reader needs first (what
//! the author wrote) and what the page folds away (quoted text with its
//! attribution, the signature). Everything stays in the stored text, so
//! quoted text is still searchable; only the display folds it.

use super::address;
use super::mailman::{self, Scrubbed};
use super::message::Attachment;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// What the author wrote.
    Text(String),
    /// Quoted lines (`>`), or an Outlook-style copy of the previous message,
    /// with the attribution line that introduces them.
    Quote(String),
    /// From the `-- ` delimiter to the next quote or the end.
    Signature(String),
    /// « Pièce jointe non importée : nom (type, taille) ».
    Attachment(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailBody {
    pub blocks: Vec<Block>,
}

/// Attribution endings, in the languages of the lists imported: "On … wrote:",
/// « Le … a écrit : » (also as archives mangled it, « a ?crit : »), and their
/// kin in the languages met on OSGeo's lists.
const ATTRIBUTION_ENDINGS: [&str; 15] = [
    "wrote:", "wrote :", "writes:", "crit :", "crit:", "schrieb:", "escribió:", "ha scritto:", "schreef:", "escreveu:",
    "skrev:", "kirjoitti:", "napisao je:", "napisał:", "написал:",
];
/// How an attribution wrapped over two lines starts ("On Fri, Mar 1, 2019 at
/// 2:33 PM Even Rouault <" / "…> wrote:").
const ATTRIBUTION_STARTS: [&str; 5] = ["On ", "Le ", "Am ", "El ", "Il "];
/// The separator line of Outlook-style replies, in lower case.
const ORIGINAL_MESSAGE: [&str; 5] =
    ["original message", "message d'origine", "message d’origine", "message original", "ursprüngliche nachricht"];
/// What a message with no text and no attachment shows.
pub const EMPTY: &str = "(message sans texte)";
/// Header lines that follow Outlook's line of underscores in a reply.
const OUTLOOK_HEADERS: [&str; 5] = ["From:", "De :", "De:", "Von:", "Envoyé"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Signature,
}

impl MailBody {
    /// Cuts `text` into blocks, masks every address in it, drops the list's
    /// footer, turns pipermail's notices of removed attachments into notes,
    /// and adds a note for each attachment of a MIME message.
    pub fn parse(text: &str, attachments: &[Attachment]) -> MailBody {
        let masked = address::mask(&text.replace("\r\n", "\n"));
        let mut lines: Vec<&str> = masked.split('\n').collect();
        lines.truncate(mailman::footer_start(&lines).unwrap_or(lines.len()));
        let mut body = Builder { blocks: Vec::new(), kind: Kind::Text, current: Vec::new() };
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if let Some(scrubbed) = mailman::scrubbed(&lines[i..]) {
                body.flush(Kind::Text);
                if let Scrubbed { note: Some(note), .. } = &scrubbed {
                    body.blocks.push(Block::Attachment(note.clone()));
                }
                i += scrubbed.lines;
            } else if is_quote(line) {
                let end = quote_end(&lines, i);
                let mut quoted = body.take_attribution();
                quoted.extend_from_slice(&lines[i..end]);
                body.flush(Kind::Text);
                body.blocks.push(Block::Quote(quoted.join("\n")));
                i = end;
            } else if starts_outlook_copy(&lines, i) {
                body.flush(Kind::Text);
                body.blocks.push(Block::Quote(trim_blank(&lines[i..]).join("\n")));
                i = lines.len();
            } else if line.trim_end() == "--" {
                body.flush(Kind::Signature);
                body.current.push(line);
                i += 1;
            } else {
                body.current.push(line);
                i += 1;
            }
        }
        body.flush(Kind::Text);
        body.blocks.extend(attachments.iter().map(|a| Block::Attachment(a.note())));
        if body.blocks.is_empty() {
            body.blocks.push(Block::Text(EMPTY.into()));
        }
        MailBody { blocks: body.blocks }
    }

    /// The message as stored and searched: every block, quotes included.
    pub fn plain_text(&self) -> String {
        let parts: Vec<&str> = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) | Block::Quote(t) | Block::Signature(t) | Block::Attachment(t) => t.as_str(),
            })
            .collect();
        parts.join("\n\n")
    }
}

struct Builder<'a> {
    blocks: Vec<Block>,
    kind: Kind,
    current: Vec<&'a str>,
}

impl<'a> Builder<'a> {
    /// Ends the block being read (if it has any text) and starts one of `next`
    /// kind. Runs of blank lines become one.
    fn flush(&mut self, next: Kind) {
        let mut lines: Vec<&str> = Vec::with_capacity(self.current.len());
        for line in trim_blank(&self.current) {
            if !(line.trim().is_empty() && lines.last().is_some_and(|l| l.trim().is_empty())) {
                lines.push(line);
            }
        }
        let text = lines.join("\n");
        if !text.is_empty() {
            self.blocks.push(match self.kind {
                Kind::Text => Block::Text(text),
                Kind::Signature => Block::Signature(text),
            });
        }
        self.current.clear();
        self.kind = next;
    }

    /// The attribution at the end of the block being read ("On … wrote:",
    /// over one or two lines), removed from it; empty when there is none.
    fn take_attribution(&mut self) -> Vec<&'a str> {
        let Some(last) = self.current.iter().rposition(|l| !l.trim().is_empty()) else { return vec![] };
        if !is_attribution_end(self.current[last]) {
            return vec![];
        }
        let mut first = last;
        let starts = |l: &str| ATTRIBUTION_STARTS.iter().any(|s| l.trim_start().starts_with(s));
        if !starts(self.current[last]) && last > 0 && starts(self.current[last - 1]) {
            first = last - 1;
        }
        let taken = self.current[first..=last].to_vec();
        self.current.truncate(first);
        taken
    }
}

fn is_quote(line: &str) -> bool {
    line.starts_with('>') || line.starts_with(" >")
}

fn is_attribution_end(line: &str) -> bool {
    let t = line.trim_end().to_lowercase();
    ATTRIBUTION_ENDINGS.iter().any(|e| t.ends_with(e))
}

/// The line after a run of quoted lines starting at `start`; blank lines
/// between two quoted lines belong to the run.
fn quote_end(lines: &[&str], start: usize) -> usize {
    let mut end = start;
    let mut i = start;
    while i < lines.len() {
        if is_quote(lines[i]) {
            end = i + 1;
        } else if !lines[i].trim().is_empty() {
            break;
        }
        i += 1;
    }
    end
}

/// "-----Original Message-----", or Outlook's line of underscores followed
/// by a `From:` header: the rest of the message is the previous one.
fn starts_outlook_copy(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    if t.starts_with("--") && ORIGINAL_MESSAGE.iter().any(|m| t.to_lowercase().contains(m)) {
        return true;
    }
    let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
    t.len() >= 20 && t.chars().all(|c| c == '_') && next.is_some_and(|n| OUTLOOK_HEADERS.iter().any(|h| n.starts_with(h)))
}

fn trim_blank<'s, 'a>(lines: &'s [&'a str]) -> &'s [&'a str] {
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |e| e + 1);
    &lines[start..end]
}

#[cfg(test)]
mod tests {
    use super::Block::{Quote, Signature, Text};
    use super::*;

    fn blocks(text: &str) -> Vec<Block> {
        MailBody::parse(text, &[]).blocks
    }

    #[test]
    fn quotes_take_their_attribution_signatures_are_set_apart_and_blank_runs_shrink() {
        let text = "Bonjour,\n\n\n\nJe relance.\n\nLe 01/03/2019 à 14:33, Marie Dupont a écrit :\n> La couche ne s'affiche pas.\n>\n> Merci\n\nEssayez avec -t_srs EPSG:2154.\n\n-- \nJean Martin\nCRIGE PACA\n";
        assert_eq!(
            blocks(text),
            vec![
                Text("Bonjour,\n\nJe relance.".into()),
                Quote("Le 01/03/2019 à 14:33, Marie Dupont a écrit :\n> La couche ne s'affiche pas.\n>\n> Merci".into()),
                Text("Essayez avec -t_srs EPSG:2154.".into()),
                Signature("-- \nJean Martin\nCRIGE PACA".into()),
            ]
        );
    }

    #[test]
    fn an_attribution_wrapped_over_two_lines_goes_with_its_quote() {
        let text = "Yes.\n\nOn Fri, Mar 1, 2019 at 2:33 PM Even Rouault <\neven.rouault at spatialys.com> wrote:\n> Is it fixed?";
        let b = blocks(text);
        assert_eq!(b[0], Text("Yes.".into()));
        let Quote(q) = &b[1] else { panic!("{b:?}") };
        assert!(q.starts_with("On Fri, Mar 1") && q.ends_with("> Is it fixed?"), "{q}");
        assert!(!q.contains("spatialys.com"), "the address is masked: {q}");
    }

    #[test]
    fn a_signature_ends_where_a_bottom_quote_begins() {
        let text = "Fixed in 3.8.\n-- \nEven\n\nLe jeudi 03 janvier 2013, Marie a ?crit :\n> Is it fixed?";
        assert_eq!(
            blocks(text),
            vec![
                Text("Fixed in 3.8.".into()),
                Signature("-- \nEven".into()),
                Quote("Le jeudi 03 janvier 2013, Marie a ?crit :\n> Is it fixed?".into()),
            ]
        );
    }

    #[test]
    fn an_outlook_copy_of_the_previous_message_is_quoted_text() {
        for sep in ["-----Original Message-----", "-------- Message d'origine --------", "________________________________\nDe : Marie"] {
            let text = format!("Merci, c'est réglé.\n\n{sep}\nEnvoyé : lundi\nObjet : couche\n\nLa couche ne s'affiche pas.");
            let b = blocks(&text);
            assert_eq!(b[0], Text("Merci, c'est réglé.".into()), "{sep}");
            assert!(matches!(&b[1], Quote(q) if q.ends_with("ne s'affiche pas.")), "{sep}: {b:?}");
            assert_eq!(b.len(), 2);
        }
    }

    #[test]
    fn an_empty_message_says_so() {
        assert_eq!(blocks(" \n\n"), vec![Text(EMPTY.into())]);
    }

    #[test]
    fn words_that_look_like_markers_stay_text() {
        let text = "Use --help to list options.\n----\nA >= B is true.\nHe wrote: nothing";
        assert_eq!(blocks(text), vec![Text(text.into())]);
    }

    #[test]
    fn interleaved_quotes_fold_one_by_one_and_everything_stays_searchable() {
        let text = "> Question 1?\nAnswer 1.\n> Question 2?\nAnswer 2.";
        let body = MailBody::parse(text, &[Attachment { name: Some("carte.png".into()), mime: "image/png".into(), bytes: Some(2048) }]);
        assert_eq!(
            body.blocks,
            vec![
                Quote("> Question 1?".into()),
                Text("Answer 1.".into()),
                Quote("> Question 2?".into()),
                Text("Answer 2.".into()),
                Block::Attachment("Pièce jointe non importée : carte.png (image/png, 2 Ko)".into()),
            ]
        );
        let plain = body.plain_text();
        for part in ["Question 1?", "Answer 2.", "carte.png"] {
            assert!(plain.contains(part), "{plain}");
        }
    }
}
