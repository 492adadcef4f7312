//! Integration tests for directives.
