//! Integration tests for api.
