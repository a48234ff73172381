/*! Webflow runtime (trimmed) */
