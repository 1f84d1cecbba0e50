//! What a press asks for. Each control the widget draws names its action in `data-act`
//! (written from [`Action::name`]); the one listener reads it back once with
//! [`Action::parse`] and matches on the enum, so a misspelt action cannot compile.

use web_sys::Element;

use crate::dom;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open (or close) the reply form under a comment.
    Reply,
    CancelReply,
    /// Vote a comment up or down (the same press again takes the vote back).
    Up,
    Down,
    /// The author opens the editor of their comment, or closes it.
    Edit,
    CancelEdit,
    /// The author erases their comment (asked to confirm), or keeps it.
    Erase,
    Keep,
    /// Show the rest of a long chain of replies.
    Continue,
    /// Render the form's text as it will be posted.
    Preview,
    /// The next page of the thread.
    More,
    /// Show the comments that arrived live while the reader was reading.
    New,
    /// Load the thread again after a failure.
    Retry,
    /// The sort menu.
    Sort,
}

const ALL: [Action; 14] = [
    Action::Reply,
    Action::CancelReply,
    Action::Up,
    Action::Down,
    Action::Edit,
    Action::CancelEdit,
    Action::Erase,
    Action::Keep,
    Action::Continue,
    Action::Preview,
    Action::More,
    Action::New,
    Action::Retry,
    Action::Sort,
];

impl Action {
    /// The value of `data-act`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reply => "reply",
            Self::CancelReply => "cancel-reply",
            Self::Up => "up",
            Self::Down => "down",
            Self::Edit => "edit",
            Self::CancelEdit => "cancel-edit",
            Self::Erase => "erase",
            Self::Keep => "keep",
            Self::Continue => "continue",
            Self::Preview => "preview",
            Self::More => "more",
            Self::New => "new",
            Self::Retry => "retry",
            Self::Sort => "sort",
        }
    }

    /// The action an element names, if it names one.
    pub fn of(element: &Element) -> Option<Self> {
        let name = element.get_attribute("data-act")?;
        Self::parse(&name)
    }

    pub fn parse(name: &str) -> Option<Self> {
        ALL.into_iter().find(|action| action.name() == name)
    }

    /// A CSS selector for the control of this action.
    pub fn selector(self) -> String {
        format!("[data-act='{}']", self.name())
    }

    /// Marks `element` as the control of this action.
    pub fn mark(self, element: &Element) {
        dom::set(element, "data-act", self.name());
    }

    /// A `<button type="button">` that asks for this action.
    pub fn button(self, parent: &Element, class: &str, label: &str) -> Element {
        dom::button(parent, class, self.name(), label)
    }
}
