/**
 * The organisers' console: server-rendered pages (Thymeleaf, htmx from a WebJar) where an
 * organisation's invited users log in, with an optional second factor, and compose,
 * publish, schedule, update and cancel their own organisation's alerts through the same
 * service as the API; every action is written to an audit log they can read.
 */
@NullMarked
package org.solidarityalerts.ingest.console;

import org.jspecify.annotations.NullMarked;
