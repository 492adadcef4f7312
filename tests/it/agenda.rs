//! Integration tests for agenda.
