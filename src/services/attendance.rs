//! Use-cases for attendance (to be built).
