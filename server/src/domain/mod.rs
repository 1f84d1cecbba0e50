//! The rules of comments, free of HTTP and SQL: what input is acceptable, how text becomes
//! safe HTML, what a site is, and how authors prove who they are.

pub mod closing;
pub mod faces;
pub mod filters;
pub mod input;
pub mod moderator;
pub mod net;
pub mod provider;
pub mod reader;
pub mod render;
pub mod site;
pub mod site_settings;
pub mod spam;
pub mod stats;
pub mod token;
pub mod vote;

/// A field of a request that breaks a rule, with a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidField {
    pub field: &'static str,
    pub message: String,
}

impl InvalidField {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
