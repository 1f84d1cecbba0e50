//! The tower layers every answer goes through, outside the routes (compression, security
//! headers) and around each route (`finish`), and the conditional answers cached bodies get.

pub mod compression;
pub mod conditional;
pub mod finish;
pub mod headers;
