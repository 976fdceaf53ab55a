# Every Brew service's image (one file for all; MODULE names the service), from the Boot jar Maven built (no
# multi-stage build: the jar is made outside Docker). From the repository root, for MODULE=command-service:
#   ./mvnw -B -f $MODULE/pom.xml package -DskipTests
#   java -Djarmode=tools -jar $MODULE/target/$MODULE-*.jar extract --layers --launcher --destination $MODULE/target/extracted
#   docker build --build-arg MODULE=$MODULE -t brew/$MODULE:<version> .
# The context is the repository root; .dockerignore sends only the modules' extracted layers.
# One COPY per Boot layer, least often changed first, so a code change ships only the small application layer.
# The port is the one the service's application.yml defaults to (PORT overrides it); the manifests declare it.
FROM eclipse-temurin:17.0.16_8-jre

ARG MODULE

RUN groupadd --system --gid 10001 brew \
    && useradd --system --uid 10001 --gid brew --home-dir /app --no-create-home --shell /usr/sbin/nologin brew

WORKDIR /app
COPY ${MODULE}/target/extracted/dependencies/ ./
COPY ${MODULE}/target/extracted/spring-boot-loader/ ./
COPY ${MODULE}/target/extracted/snapshot-dependencies/ ./
COPY ${MODULE}/target/extracted/application/ ./

# Non-root; Kubernetes runs it with a read-only root file system and an emptyDir at /tmp.
USER 10001:10001
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
