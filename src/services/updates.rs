//! Use-cases for updates (to be built).
