//! Integration tests for admin.
