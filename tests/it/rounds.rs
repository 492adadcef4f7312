//! Integration tests for rounds.
