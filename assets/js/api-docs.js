// The API documentation page: Swagger UI (vendored under assets/vendor/swagger-ui) over the
// generated /api/v1/openapi.json. "Try it out" sends requests with the token typed in
// "Authorize" (a token from /account/tokens).
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
