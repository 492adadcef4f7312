//! Use-cases for meetings (to be built).
