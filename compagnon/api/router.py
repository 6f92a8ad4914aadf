from ninja import NinjaAPI

api = NinjaAPI(title="Compagnon API", version="1", urls_namespace="api")
