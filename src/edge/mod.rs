//! The HTTP edge shared by the pages (`web`) and the JSON API (`api`): who is calling (session
//! or bearer token, CSRF) and documents as downloads. Neither `web` nor `api` imports the other;
//! both import this.

pub mod downloads;
pub mod exports;
pub mod identity;
