# Builds one service from the repository: docker build --build-arg MODULE=alert-ingest .
FROM eclipse-temurin:25-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl ${MODULE} -am package -DskipTests \
 && cp ${MODULE}/target/${MODULE}-*-exec.jar /service.jar \
 && { cat ${MODULE}/jvm.options 2>/dev/null || true; } > /service.options

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 alerts
USER alerts
COPY --from=build /service.jar /service.jar
# A module's own JVM options, if it has any (alert-dispatch/jvm.options says why it has).
COPY --from=build /service.options /service.options
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "@/service.options", "-jar", "/service.jar"]
