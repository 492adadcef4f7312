//! Use-cases for series (to be built).
