# The bakery container: used by action.yml (GitHub Docker action) and usable as
# a CodeBuild image. Packages come from scripts/install-deps, the one list.
FROM debian:12
COPY . /src/bakery
RUN /src/bakery/scripts/install-deps \
 && cmake -S /src/bakery -B /src/bakery/build/release -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DBAKERY_BUILD_BENCH=OFF \
 && cmake --build /src/bakery/build/release \
 && install -m 0755 /src/bakery/build/release/bin/* /usr/local/bin/ \
 && install -m 0755 /src/bakery/scripts/action-entrypoint /usr/local/bin/bakery-action
ENTRYPOINT ["/usr/local/bin/bakery-action"]
