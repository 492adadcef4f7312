//! Integration tests for actions.
