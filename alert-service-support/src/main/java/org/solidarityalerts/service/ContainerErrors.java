package org.solidarityalerts.service;

import java.io.IOException;
import java.util.function.Supplier;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * What Tomcat refuses before a request reaches Spring (a malformed or unsafe path, an
 * encoded NUL, bytes that are not UTF-8, headers too large or malformed) answered in the
 * service's own way instead of with Tomcat's HTML report: problem details for an API, a
 * page in the site's layout for people.
 */
public final class ContainerErrors {

	private ContainerErrors() {
	}

	/**
	 * Replaces Tomcat's error report on every host with a valve of the service's own.
	 * Runs after Spring Boot's own customizer, which installs a plain
	 * {@link ErrorReportValve}.
	 * @param reports makes the valve for a host (a valve belongs to one pipeline)
	 * @return the customizer, to be declared as a bean
	 */
	public static WebServerFactoryCustomizer<TomcatServletWebServerFactory> reportedBy(
			Supplier<? extends Report> reports) {
		return new Customizer(reports);
	}

	private record Customizer(Supplier<? extends Report> reports)
			implements
				WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
				Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					Report report = this.reports.get();
					// The host adds a valve of its error report class only if it has
					// none.
					host.setErrorReportValveClass(report.getClass().getName());
					host.getPipeline().addValve(report);
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/**
	 * An error report that writes the service's answer for a response Tomcat ends with an
	 * error status and nothing written yet; it never shows Tomcat's version nor a stack
	 * trace.
	 */
	public abstract static class Report extends ErrorReportValve {

		protected Report() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected final void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			try {
				if (write(request, response, status)) {
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The connection is gone or the answer was already begun: nothing more to
				// say.
			}
		}

		/**
		 * Writes the answer.
		 * @param request the request Tomcat refused
		 * @param response its response, with its status set
		 * @param status the status
		 * @return whether an answer was written
		 * @throws IOException if the connection is gone
		 */
		protected abstract boolean write(Request request, Response response, int status) throws IOException;

	}

}
