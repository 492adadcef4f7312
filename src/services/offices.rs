//! Use-cases for offices (to be built).
