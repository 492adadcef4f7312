//! Integration tests for meetings.
