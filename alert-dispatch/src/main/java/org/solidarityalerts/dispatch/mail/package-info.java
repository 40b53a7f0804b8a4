/**
 * E-mail: each alert rendered for one subscriber (language, name, dates in their time
 * zone, the actions as steps) as multipart text and HTML, and handed to the SMTP server
 * over connections kept open across many messages.
 */
@NullMarked
package org.solidarityalerts.dispatch.mail;

import org.jspecify.annotations.NullMarked;
