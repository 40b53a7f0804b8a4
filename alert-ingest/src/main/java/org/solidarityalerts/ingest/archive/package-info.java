/**
 * The public archive: each campaign's published alerts as a page anyone can read without
 * script, and as an Atom feed (RFC 4287); read-only, with no key and no subscriber data.
 */
@NullMarked
package org.solidarityalerts.ingest.archive;

import org.jspecify.annotations.NullMarked;
