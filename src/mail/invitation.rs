//! Meeting invitations with an `.ics` (TZID Asia/Bangkok), and their updates and cancellations.
