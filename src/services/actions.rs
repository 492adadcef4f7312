//! Use-cases for actions (to be built).
