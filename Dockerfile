# One image for every Node app of Eventshop (the four services, query, the gateway with its dashboard,
# the fake providers); docker-compose.yml picks the app by its command:
#   node --enable-source-maps dist/apps/<app>/main.js
# Build stage: the locked packages and the Nx build (SWC, tools/build/build-app.ts). Runtime stage: the
# production packages only, the builds, a non-root user.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts, as npm 11's allowScripts has it here: the SWC and Nx binaries come as packages.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --outputStyle=static

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY tools/docker/healthcheck.cjs ./healthcheck.cjs
USER node
CMD ["node", "--enable-source-maps", "dist/apps/api-gateway/main.js"]
