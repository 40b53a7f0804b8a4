/**
 * The subscribers' pages in the reader's language: which language a page speaks (the
 * subscriber's own, a choice from the language switcher, the browser's), the page
 * bundles, and the words the pages show for what other classes say in English.
 */
@NullMarked
package org.solidarityalerts.dispatch.web;

import org.jspecify.annotations.NullMarked;
