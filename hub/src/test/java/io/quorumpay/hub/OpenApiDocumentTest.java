package io.quorumpay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.hub.http.HubServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is valid and documents every route the server registered; the interactive page is served. */
class OpenApiDocumentTest {
  @Test
  void documentIsValidAndHasEveryRoute() throws Exception {
    HubFixture fixture = HubFixture.get();
    HubFixture.Reply served = fixture.get(HubServer.OPENAPI_PATH);
    assertThat(served.status()).isEqualTo(200);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.raw().body());
    assertThat(parsed.getMessages()).as("parser messages").isEmpty();
    OpenAPI document = parsed.getOpenAPI();
    assertThat(fixture.hub.server().routes()).hasSizeGreaterThan(10);
    for (HubServer.Route route : fixture.hub.server().routes()) {
      PathItem item = document.getPaths().get(route.path());
      assertThat(item).as("%s %s is in the document", route.method(), route.path()).isNotNull();
      assertThat(item.readOperationsMap().keySet()).extracting(Enum::name).as("%s %s", route.method(), route.path())
          .contains(route.method());
    }
    HubFixture.Reply page = fixture.get(HubServer.DOCS_PATH);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().body()).containsIgnoringCase("swagger");
  }
}
