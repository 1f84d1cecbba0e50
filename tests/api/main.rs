//! The v1 contract, called over HTTP against a real server with its own SQLite file.

mod admin;
mod assets;
mod authors;
mod backups;
mod bad_input;
mod comments;
mod connections;
mod cors;
mod counts;
mod emails;
mod events;
mod feeds;
mod http_cache;
mod imports;
mod migrate_data;
mod moderation;
mod moderation_modes;
mod moderators;
mod nodes;
mod observability;
mod openapi;
mod rate_limit;
mod sites;
mod threads;
mod webhooks;
