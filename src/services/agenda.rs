//! Use-cases for agenda (to be built).
