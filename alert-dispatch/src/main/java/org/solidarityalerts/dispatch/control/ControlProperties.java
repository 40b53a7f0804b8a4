package org.solidarityalerts.dispatch.control;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How dispatch obeys operators' controls of a fan-out.
 *
 * @param pausedRecheck how long a batch of a paused fan-out waits on the retry topic
 * before dispatch looks at it again
 */
@ConfigurationProperties("alert.dispatch.control")
public record ControlProperties(@DefaultValue("5s") Duration pausedRecheck) {
}
