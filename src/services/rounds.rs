//! Use-cases for rounds (to be built).
