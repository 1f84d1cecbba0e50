//! What a press asks for. Each control the widget draws names its action in `data-act`
//! (written from [`Action::name`]); the one listener reads it back once with
//! [`Action::parse`] and matches on the enum, so a misspelt action cannot compile.

use web_sys::Element;

use crate::dom;

/// Declares the actions with the `data-act` value of each, and what is derived from it at
/// compile time: the name, the selector, and the parse (no formatting at run time).
macro_rules! actions {
    ($($(#[$doc:meta])* $action:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $($(#[$doc])* $action,)*
        }

        /// Every action, for [`Action::parse`].
        const ALL: &[Action] = &[$(Action::$action,)*];

        impl Action {
            /// The value of `data-act`. Inlined, as the selector is: a control drawn for a
            /// known action gets its literal, not a lookup.
            #[inline(always)]
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$action => $name,)*
                }
            }

            /// A CSS selector for the control of this action.
            #[inline(always)]
            pub fn selector(self) -> &'static str {
                match self {
                    $(Self::$action => concat!("[data-act='", $name, "']"),)*
                }
            }

            pub fn parse(name: &str) -> Option<Self> {
                ALL.iter().copied().find(|action| action.name() == name)
            }
        }
    };
}

actions! {
    /// Open (or close) the reply form under a comment.
    Reply = "reply",
    CancelReply = "cancel-reply",
    /// Vote a comment up or down (the same press again takes the vote back).
    Up = "up",
    Down = "down",
    /// The author opens the editor of their comment, or closes it.
    Edit = "edit",
    CancelEdit = "cancel-edit",
    /// The author erases their comment (asked to confirm), or keeps it.
    Erase = "erase",
    Keep = "keep",
    /// Show the rest of a long chain of replies.
    Continue = "continue",
    /// Render the form's text as it will be posted.
    Preview = "preview",
    /// The next page of the thread.
    More = "more",
    /// Show the comments that arrived live while the reader was reading.
    New = "new",
    /// Load the thread again after a failure.
    Retry = "retry",
    /// The sort menu.
    Sort = "sort",
    /// Send the reader's report of a comment.
    Report = "report",
}

impl Action {
    /// The action an element names, if it names one.
    pub fn of(element: &Element) -> Option<Self> {
        let name = element.get_attribute("data-act")?;
        Self::parse(&name)
    }

    /// Marks `element` as the control of this action.
    #[inline(always)]
    pub fn mark(self, element: &Element) {
        dom::set(element, "data-act", self.name());
    }

    /// A `<button type="button">` that asks for this action.
    #[inline(always)]
    pub fn button(self, parent: &Element, class: &str, label: &str) -> Element {
        dom::button(parent, class, self.name(), label)
    }
}
