// Renders the API reference from the generated OpenAPI document (a file, so the page's CSP needs
// no inline script). "Try it out" uses the UI session cookie or a key entered under Authorize.
window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true, tryItOutEnabled: false });
