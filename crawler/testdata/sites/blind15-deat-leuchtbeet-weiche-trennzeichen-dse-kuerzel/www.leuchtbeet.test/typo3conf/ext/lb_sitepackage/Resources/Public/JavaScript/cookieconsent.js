/* cookie consent init (stub): opens preferences modal for [data-cc] links */
