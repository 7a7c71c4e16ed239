{
  "targets": [
    {
      "target_name": "file_map",
      "sources": ["native/file_map.c"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
