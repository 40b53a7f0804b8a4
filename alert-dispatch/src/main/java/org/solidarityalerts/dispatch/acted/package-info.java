/**
 * "I did this": each action of an alert e-mail carries a signed link with which the
 * reader reports that they took it. Following the link shows a page with a button and
 * counts nothing; the button's POST records one report per reader and action, and the
 * action's total, never who, is published for the organisation and the operators.
 */
@NullMarked
package org.solidarityalerts.dispatch.acted;

import org.jspecify.annotations.NullMarked;
