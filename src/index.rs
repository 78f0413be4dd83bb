//! The filter engine (stub; being written).
