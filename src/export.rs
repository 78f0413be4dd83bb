//! Exports (stub; being written).
