//! Integration tests for attendance.
